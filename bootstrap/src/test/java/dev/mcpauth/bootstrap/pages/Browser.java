package dev.mcpauth.bootstrap.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real headless Chromium driven by Selenium, using Debian's {@code chromium} and {@code chromium-driver} packages.
 * The driver and browser paths are given explicitly so Selenium Manager never reaches for the network. A missing
 * browser or driver fails the test: a browser test that silently skips proves nothing.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() throws IOException {
        Path chromium = find(CHROMIUM, "chromium");
        Path chromedriver = find(CHROMEDRIVER, "chromedriver");
        if (chromium == null || chromedriver == null) {
            throw new AssertionError("Browser tests need a real Chromium and its driver, but "
                    + (chromium == null ? "chromium" : "chromedriver")
                    + " was not found (looked at " + (chromium == null ? CHROMIUM : CHROMEDRIVER)
                    + " and on PATH). Install the Debian packages: apt-get install chromium chromium-driver");
        }
        Path profile = Files.createTempDirectory("mcpauth-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-gpu", "--no-first-run", "--disable-component-update",
                "--disable-sync", "--window-size=1000,800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
            return new Browser(driver, profile);
        } catch (RuntimeException e) {
            deleteRecursively(profile);
            throw e;
        }
    }

    WebDriver driver() {
        return driver;
    }

    /**
     * Waits up to ten seconds for {@code condition}; on timeout the failure shows where the browser is and what it
     * shows, which is what one needs to understand a failed browser test.
     */
    <T> T await(Function<? super WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT).until(condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + condition
                    + "; the browser is at " + driver.getCurrentUrl() + ", titled '" + driver.getTitle()
                    + "', showing:\n" + visibleText(), e);
        }
    }

    private String visibleText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (WebDriverException e) {
            return "(no body: " + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }

    /** Saves what the browser shows now as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.copy(taken.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteRecursively(profile);
        }
    }

    private static Path find(String preferred, String command) {
        Path path = Paths.get(preferred);
        if (Files.isExecutable(path)) {
            return path;
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return null;
        }
        for (String directory : pathVariable.split(File.pathSeparator)) {
            Path candidate = Paths.get(directory, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void deleteRecursively(Path directory) {
        // Best effort: a profile left in the temp dir is no reason to fail a test.
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            directory.toFile().deleteOnExit();
        }
    }
}
