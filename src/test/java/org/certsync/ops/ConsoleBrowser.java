package org.certsync.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;

import org.certsync.testsupport.IntegrationServer;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium on the console, as the browser tests drive it: the console's login form, waits that leave a
 * screenshot of what the page showed instead, and a screenshot of each step in target/screenshots.
 */
final class ConsoleBrowser implements AutoCloseable {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Hawtio's navigation, shown once a login reached the console. */
    static final By HAWTIO_NAVIGATION = By.xpath("//a[normalize-space()='JMX']");

    private final WebDriver browser;
    private final WebDriverWait wait;
    private final String prefix;
    private int step;

    /** @param prefix the screenshots' names begin with it */
    ConsoleBrowser(String prefix) {
        this.prefix = prefix;
        try {
            ChromeOptions options = new ChromeOptions();
            // an explicit binary and driver keep Selenium Manager from looking for (or downloading) either
            options.setBinary(IntegrationServer.Chromium.BINARY.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=1600,1000", "--user-data-dir=" + Files.createTempDirectory("certsync-chromium"));
            ChromeDriverService driver = new ChromeDriverService.Builder()
                    .usingDriverExecutable(IntegrationServer.Chromium.DRIVER.toFile()).usingAnyFreePort().build();
            browser = new ChromeDriver(driver, options);
            browser.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
            wait = new WebDriverWait(browser, WAIT);
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return browser;
    }

    /** Opens the console, which sends a visitor without a session to the login form, and submits it. */
    void submitLogin(String baseUrl, String user, String password) {
        browser.get(baseUrl + "/actuator/hawtio/");
        await("the login form", ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        screenshot("login-form");
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** A login that reaches Hawtio. */
    void logIn(String baseUrl, String user, String password) {
        submitLogin(baseUrl, user, password);
        await("Hawtio's navigation after the login", ExpectedConditions.visibilityOfElementLocated(HAWTIO_NAVIGATION));
        screenshot("hawtio-after-login");
    }

    WebElement find(By by) {
        return browser.findElement(by);
    }

    /** Waits for what the page should show; when it does not, the screenshot shows what it showed instead. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        try {
            return wait.withMessage(what).until(condition);
        } catch (TimeoutException e) {
            screenshot("missing-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw e;
        }
    }

    void screenshot(String name) {
        Path file = SCREENSHOTS.resolve("%s%02d-%s.png".formatted(prefix, ++step, name));
        try {
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), file,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        browser.quit();
    }
}
