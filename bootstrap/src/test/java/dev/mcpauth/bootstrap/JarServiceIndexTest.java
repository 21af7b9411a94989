package dev.mcpauth.bootstrap;

import io.micronaut.core.io.service.SoftServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JarServiceIndexTest {
    private static final String TYPE = "com.example.Service";

    /** Implementations the index points at. */
    public static final class Present {
        public Present() {
        }
    }

    public static final class AlsoPresent {
        public AlsoPresent() {
        }
    }

    @Test
    void readWhenJarHasServiceDirectoriesAndFilesThenEachTypeWithItsEntriesAndStandardServiceLines(@TempDir Path dir)
            throws IOException {
        try (JarFile jar = new JarFile(jar(dir).toFile())) {
            Map<String, List<String>> services = JarServiceIndex.read(jar);

            assertEquals(Map.of(TYPE, List.of(Present.class.getName(), "com.example.Missing",
                            AlsoPresent.class.getName()),
                    "com.example.Unrelated", List.of("com.example.Whatever")), services, "deeper entries left out");
        }
    }

    @Test
    void getWhenTheJarNamesNoSuchTypeThenItHasNoImplementationsRatherThanUnknown(@TempDir Path dir)
            throws IOException {
        Map<String, SoftServiceLoader.StaticServiceLoader<?>> loaders;
        try (JarFile jar = new JarFile(jar(dir).toFile())) {
            loaders = JarServiceIndex.optimizations(JarServiceIndex.read(jar),
                    JarServiceIndexTest.class.getClassLoader()).getServiceLoaders();
        }

        assertTrue(loaders.containsKey("com.example.NotInTheJar"), "so Micronaut does not scan for it");
        assertEquals(List.of(), loaders.get("com.example.NotInTheJar").load(service -> true));
        assertEquals(2, loaders.get(TYPE).load(service -> true).size());
    }

    @Test
    void loadWhenAnImplementationIsMissingThenItIsLeftOutAndTheOthersAreMade(@TempDir Path dir) throws IOException {
        SoftServiceLoader.StaticServiceLoader<?> loader = loaderOf(dir);

        List<?> services = loader.load(service -> true);

        assertEquals(List.of(Present.class, AlsoPresent.class),
                services.stream().map(Object::getClass).toList());
    }

    @Test
    void findAllWhenAConditionRulesOutANameThenOnlyTheOthers(@TempDir Path dir) throws IOException {
        SoftServiceLoader.StaticServiceLoader<?> loader = loaderOf(dir);

        List<String> names = loader.findAll(name -> !name.endsWith("AlsoPresent"))
                .map(SoftServiceLoader.StaticDefinition::getName).toList();

        assertEquals(List.of(Present.class.getName()), names);
    }

    @Test
    void installForWhenNotRunFromAJarAloneThenNothingIsInstalled() {
        assertFalse(JarServiceIndex.installFor(JarServiceIndexTest.class), "tests run from class directories");
    }

    private static SoftServiceLoader.StaticServiceLoader<?> loaderOf(Path dir) throws IOException {
        try (JarFile jar = new JarFile(jar(dir).toFile())) {
            return JarServiceIndex.optimizations(JarServiceIndex.read(jar), JarServiceIndexTest.class.getClassLoader())
                    .getServiceLoaders().get(TYPE);
        }
    }

    private static Path jar(Path dir) throws IOException {
        Path file = dir.resolve("services.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new JarEntry("META-INF/micronaut/" + TYPE + "/"));
            entry(out, "META-INF/micronaut/" + TYPE + "/" + Present.class.getName(), "");
            entry(out, "META-INF/micronaut/" + TYPE + "/com.example.Missing", "");
            entry(out, "META-INF/micronaut/other/deeper/com.example.Ignored", "");
            entry(out, "META-INF/services/" + TYPE, "# also listed the standard way\n\n"
                    + AlsoPresent.class.getName() + " # trailing comment\n");
            entry(out, "META-INF/services/com.example.Unrelated", "com.example.Whatever\n");
        }
        return file;
    }

    private static void entry(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
