package dev.mcpauth.bootstrap;

import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.core.optim.StaticOptimizations;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Tells Micronaut, before it starts, which services the jar it runs from provides, so that it does not look for them
 * itself. Micronaut lists each service's implementations by listing the directory {@code META-INF/micronaut/<type>/}
 * of every class path entry; in a jar that means opening it as a zip file system, which on this machine cost a cold
 * JVM 150–350 ms of the start for the 21k-entry fat jar. Reading the jar's entries once, as a plain
 * {@link JarFile}, costs a fraction of that. The index is Micronaut's own hook for build-time service lists
 * ({@link SoftServiceLoader.Optimizations}, which Micronaut AOT fills); only the types that have such a directory in
 * the jar are listed, each with everything Micronaut's scan would find for it in the jar, and every other type is
 * still scanned as before. It applies only when mcpauth runs as {@code java -jar} (the jar is its whole class path).
 */
final class JarServiceIndex {
    private static final String SERVICE_DIRECTORY = "META-INF/micronaut/";
    private static final String STANDARD_SERVICES = "META-INF/services/";

    private JarServiceIndex() {
    }

    /**
     * Installs the index of the jar {@code anchor} was loaded from, when the process runs from that jar alone.
     *
     * @return whether an index was installed
     */
    static boolean installFor(Class<?> anchor) {
        Optional<Path> jar = soleJar(anchor);
        if (jar.isEmpty()) {
            return false;
        }
        try (JarFile file = new JarFile(jar.get().toFile())) {
            StaticOptimizations.set(optimizations(read(file), anchor.getClassLoader()));
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // Micronaut scans as usual
        }
    }

    /** The implementations of each service type that has a {@code META-INF/micronaut/<type>/} directory in the jar. */
    static Map<String, List<String>> read(JarFile jar) throws IOException {
        Map<String, List<String>> services = new LinkedHashMap<>();
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (!entry.isDirectory() && name.startsWith(SERVICE_DIRECTORY)) {
                String[] parts = name.substring(SERVICE_DIRECTORY.length()).split("/");
                if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
                    services.computeIfAbsent(parts[0], type -> new ArrayList<>()).add(parts[1]);
                }
            }
        }
        for (Map.Entry<String, List<String>> service : services.entrySet()) {
            JarEntry standard = jar.getJarEntry(STANDARD_SERVICES + service.getKey());
            if (standard != null) {
                service.getValue().addAll(standardServiceNames(jar, standard));
            }
        }
        return services;
    }

    /** The class names of a {@code META-INF/services} file, without comments and blank lines. */
    private static List<String> standardServiceNames(JarFile jar, JarEntry entry) throws IOException {
        List<String> names = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jar.getInputStream(entry),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                int comment = line.indexOf('#');
                String name = (comment < 0 ? line : line.substring(0, comment)).trim();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    static SoftServiceLoader.Optimizations optimizations(Map<String, List<String>> services, ClassLoader loader) {
        Map<String, SoftServiceLoader.StaticServiceLoader<?>> loaders = new LinkedHashMap<>();
        services.forEach((type, names) -> loaders.put(type, serviceLoader(List.copyOf(names), loader)));
        return new SoftServiceLoader.Optimizations(loaders);
    }

    /**
     * Like Micronaut's scan, an implementation that cannot be made (an optional integration whose library is absent:
     * its class, or a class its constructor touches, is missing) is left out rather than failing the start; so each
     * is made here, as the scan makes them.
     */
    private static <S> SoftServiceLoader.StaticServiceLoader<S> serviceLoader(List<String> names, ClassLoader loader) {
        return condition -> names.stream().filter(condition)
                .map(name -> JarServiceIndex.<S>definition(name, loader))
                .flatMap(Optional::stream);
    }

    @SuppressWarnings("unchecked")
    private static <S> Optional<SoftServiceLoader.StaticDefinition<S>> definition(String name, ClassLoader loader) {
        S service;
        try {
            service = (S) Class.forName(name, false, loader).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(SoftServiceLoader.StaticDefinition.of(name, () -> service));
    }

    /** The jar {@code anchor} came from, when it is also the whole class path ({@code java -jar}). */
    private static Optional<Path> soleJar(Class<?> anchor) {
        try {
            var source = anchor.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            String classPath = Objects.requireNonNullElse(System.getProperty("java.class.path"), "");
            boolean alone = !classPath.contains(java.io.File.pathSeparator)
                    && !classPath.isEmpty() && Path.of(classPath).toAbsolutePath().equals(location.toAbsolutePath());
            return alone && Files.isRegularFile(location) && location.toString().endsWith(".jar")
                    ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
