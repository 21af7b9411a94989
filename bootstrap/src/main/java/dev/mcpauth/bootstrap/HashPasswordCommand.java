package dev.mcpauth.bootstrap;

import dev.mcpauth.adapters.idp.password.BouncyCastlePasswordHasher;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code java -jar mcpauth.jar hash-password}: reads a password (from the terminal without echo, or one line of
 * standard input) and prints its Argon2id hash for {@code password-hash} or {@code client-secret-hash}. The password
 * is never taken as an argument, where the process list would show it.
 */
final class HashPasswordCommand {
    private HashPasswordCommand() {
    }

    static int run(Console console, InputStream in, PrintStream out, PrintStream err) {
        char[] password;
        try {
            if (console != null) {
                password = console.readPassword("Password: ");
                char[] again = console.readPassword("Repeat: ");
                if (password == null || again == null || !Arrays.equals(password, again)) {
                    err.println("hash-password: the passwords differ");
                    return 1;
                }
                Arrays.fill(again, '\0');
            } else {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? new char[0] : line.toCharArray();
            }
        } catch (IOException e) {
            err.println("hash-password: cannot read the password: " + e.getMessage());
            return 1;
        }
        if (password.length < 8) {
            err.println("hash-password: use at least 8 characters");
            return 1;
        }
        out.println(new BouncyCastlePasswordHasher().hash(password));
        Arrays.fill(password, '\0');
        return 0;
    }
}
