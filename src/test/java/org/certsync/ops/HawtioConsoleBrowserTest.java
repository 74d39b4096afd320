package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import javax.management.JMException;
import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.certsync.sync.RunReport;
import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.RequiresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console as an operator sees it in headless Chromium: the login, the Camel routes with their exchange counts,
 * and syncNow run from Hawtio's JMX Operations tab. Screenshots of each step go to target/screenshots.
 */
@RequiresServer(IntegrationServer.CHROMIUM)
class HawtioConsoleBrowserTest extends SecuredConsoleSupport {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> ROUTES = List.of("sync-run", "directory-read", "exchange-online-publish");

    @Autowired
    CamelContext camel;

    private WebDriver browser;
    private WebDriverWait wait;
    private int step;

    @BeforeEach
    void openBrowser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        // an explicit binary and driver keep Selenium Manager from looking for (or downloading) either
        options.setBinary(IntegrationServer.Chromium.BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1600,1000", "--user-data-dir=" + Files.createTempDirectory("certsync-chromium"));
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(IntegrationServer.Chromium.DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        wait = new WebDriverWait(browser, WAIT);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) browser.quit();
    }

    @Test
    void operatorLogsInSeesTheRoutesWithTheirCountsAndRunsSyncNowFromTheJmxTab() throws Exception {
        sync();

        logIn();
        showRoutes();
        RunReport report = runSyncNowFromTheOperationsTab();

        assertThat(report.trigger()).isEqualTo("console:" + OPERATOR);
        assertThat(control.getAuditTrail().get(0)).contains(" " + OPERATOR + " syncNow(): run " + report.runId());
    }

    private void logIn() throws IOException {
        browser.get(baseUrl() + "/actuator/hawtio/");
        await("the login form", ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        screenshot("login-form");
        browser.findElement(By.name("username")).sendKeys(OPERATOR);
        browser.findElement(By.name("password")).sendKeys(OPERATOR_PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        await("Hawtio's navigation after the login",
                ExpectedConditions.visibilityOfElementLocated(By.xpath("//a[normalize-space()='JMX']")));
        screenshot("hawtio-after-login");
    }

    private void showRoutes() throws IOException, JMException {
        browser.get(baseUrl() + "/actuator/hawtio/camel/routes?nid=org.apache.camel-CamelContexts-"
                + camel.getManagementName() + "-routes-folder");
        for (String route : ROUTES) {
            By total = By.xpath("//tr[td[@data-label='Name' and normalize-space()='" + route + "']]/td[@data-label='Total']");
            await("the exchange count of route " + route, ExpectedConditions.visibilityOfElementLocated(total));
            long shown = Long.parseLong(browser.findElement(total).getText().trim());
            assertThat(shown).as("exchanges of %s in Hawtio", route).isPositive().isEqualTo(exchangesTotal(route));
        }
        screenshot("camel-routes");
    }

    private RunReport runSyncNowFromTheOperationsTab() throws IOException, JMException {
        String before = runs.lastReport().orElseThrow().runId();
        browser.get(baseUrl() + "/actuator/hawtio/jmx/attributes?nid=org.certsync-Sync-"
                + control.getObjectName().getKeyProperty("name"));
        By operationsTab = By.xpath("//a[normalize-space()='Operations']");
        await("the Operations tab of the CertSync MBean", ExpectedConditions.elementToBeClickable(operationsTab));
        screenshot("certsync-mbean-attributes");
        browser.findElement(operationsTab).click();
        By syncNow = By.cssSelector("button[aria-labelledby^='operation syncNow()']");
        await("the syncNow operation", ExpectedConditions.elementToBeClickable(syncNow)).click();
        By execute = By.xpath("//section[@id='operation-execute-syncNow()']//button[normalize-space()='Execute']");
        await("the Execute button of syncNow", ExpectedConditions.elementToBeClickable(execute));
        screenshot("certsync-mbean-operations");
        browser.findElement(execute).click();

        await("a new run", driver -> !runs.lastReport().orElseThrow().runId().equals(before));
        RunReport report = runs.lastReport().orElseThrow();
        await("the summary of run " + report.runId() + " as the result of syncNow", ExpectedConditions
                .visibilityOfElementLocated(By.xpath("//*[contains(text(), 'run " + report.runId() + " " + report.status() + "')]")));
        screenshot("sync-now-result");
        return report;
    }

    /** Waits for what the page should show; when it does not, the screenshot shows what it showed instead. */
    private <T> T await(String what, Function<WebDriver, T> condition) throws IOException {
        try {
            return wait.withMessage(what).until(condition);
        } catch (TimeoutException e) {
            screenshot("missing-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw e;
        }
    }

    private long exchangesTotal(String route) throws JMException {
        ObjectName name = new ObjectName("org.apache.camel:context=" + camel.getManagementName()
                + ",type=routes,name=\"" + route + "\"");
        return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "ExchangesTotal");
    }

    private void screenshot(String name) throws IOException {
        Path file = SCREENSHOTS.resolve("%02d-%s.png".formatted(++step, name));
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), file,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
