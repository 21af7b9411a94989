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
import java.util.stream.Stream;

/**
 * Tells Micronaut, before it starts, which services the jar it runs from provides, so that it does not look for them
 * itself. Micronaut lists each service's implementations by listing the directory {@code META-INF/micronaut/<type>/}
 * of every class path entry; in a jar that means opening it as a zip file system, which on this machine cost a cold
 * JVM 150–350 ms of the start for the 21k-entry fat jar. Reading the jar's entries once, as a plain
 * {@link JarFile}, costs a fraction of that. The index is Micronaut's own hook for build-time service lists
 * ({@link SoftServiceLoader.Optimizations}, which Micronaut AOT fills). It lists each type that has a
 * {@code META-INF/micronaut/<type>/} directory or a {@code META-INF/services/<type>} file in the jar, with everything
 * Micronaut's scan would find for it there, and answers "no implementations" for any other type, as the scan would:
 * it applies only when mcpauth runs as {@code java -jar}, so the jar is the whole class path. (An index that answered
 * only for the listed types left Micronaut scanning for six others, such as {@code PropertySourceLoader}, which
 * opened the zip file system all the same.)
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

    /**
     * The implementations of each service type the jar names: the entries of its {@code META-INF/micronaut/<type>/}
     * directory, then the lines of its {@code META-INF/services/<type>} file.
     */
    static Map<String, List<String>> read(JarFile jar) throws IOException {
        Map<String, List<String>> services = new LinkedHashMap<>();
        List<JarEntry> standardFiles = new ArrayList<>();
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (entry.isDirectory()) {
                continue;
            }
            if (name.startsWith(SERVICE_DIRECTORY)) {
                String[] parts = name.substring(SERVICE_DIRECTORY.length()).split("/");
                if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
                    services.computeIfAbsent(parts[0], type -> new ArrayList<>()).add(parts[1]);
                }
            } else if (name.startsWith(STANDARD_SERVICES) && name.indexOf('/', STANDARD_SERVICES.length()) < 0
                    && name.length() > STANDARD_SERVICES.length()) {
                standardFiles.add(entry);
            }
        }
        for (JarEntry standard : standardFiles) {
            services.computeIfAbsent(standard.getName().substring(STANDARD_SERVICES.length()),
                    type -> new ArrayList<>()).addAll(standardServiceNames(jar, standard));
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
        return new SoftServiceLoader.Optimizations(new EveryType(loaders));
    }

    /**
     * The index as Micronaut reads it ({@code get} and {@code containsKey} by type name): a type the jar does not
     * name has no implementation, rather than none known.
     */
    private static final class EveryType extends LinkedHashMap<String, SoftServiceLoader.StaticServiceLoader<?>> {
        private static final long serialVersionUID = 1L;
        private static final SoftServiceLoader.StaticServiceLoader<?> NONE = condition -> Stream.empty();

        EveryType(Map<String, SoftServiceLoader.StaticServiceLoader<?>> named) {
            super(named);
        }

        @Override
        public SoftServiceLoader.StaticServiceLoader<?> get(Object type) {
            return type instanceof String ? super.getOrDefault(type, NONE) : null;
        }

        @Override
        public SoftServiceLoader.StaticServiceLoader<?> getOrDefault(Object type,
                                                                   SoftServiceLoader.StaticServiceLoader<?> fallback) {
            return get(type);
        }

        @Override
        public boolean containsKey(Object type) {
            return type instanceof String;
        }
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
