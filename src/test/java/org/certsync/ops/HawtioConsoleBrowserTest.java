package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;

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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console as an operator sees it in headless Chromium: the login, the Camel routes with their exchange counts,
 * and syncNow run from Hawtio's JMX Operations tab. Screenshots of each step go to target/screenshots.
 */
@RequiresServer(IntegrationServer.CHROMIUM)
class HawtioConsoleBrowserTest extends SecuredConsoleSupport {

    private static final List<String> ROUTES = List.of("sync-run", "directory-read", "exchange-online-publish");

    @Autowired
    CamelContext camel;

    private ConsoleBrowser browser;

    @BeforeEach
    void openBrowser() {
        browser = new ConsoleBrowser("");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) browser.close();
    }

    @Test
    void operatorLogsInSeesTheRoutesWithTheirCountsAndRunsSyncNowFromTheJmxTab() throws JMException {
        sync();

        browser.logIn(baseUrl(), OPERATOR, OPERATOR_PASSWORD);
        showRoutes();
        RunReport report = runSyncNowFromTheOperationsTab();

        assertThat(report.trigger()).isEqualTo("console:" + OPERATOR);
        assertThat(control.getAuditTrail().get(0)).contains(" " + OPERATOR + " syncNow(): run " + report.runId());
    }

    private void showRoutes() throws JMException {
        browser.driver().get(baseUrl() + "/actuator/hawtio/camel/routes?nid=org.apache.camel-CamelContexts-"
                + camel.getManagementName() + "-routes-folder");
        for (String route : ROUTES) {
            By total = By.xpath("//tr[td[@data-label='Name' and normalize-space()='" + route + "']]/td[@data-label='Total']");
            browser.await("the exchange count of route " + route, ExpectedConditions.visibilityOfElementLocated(total));
            long shown = Long.parseLong(browser.find(total).getText().trim());
            assertThat(shown).as("exchanges of %s in Hawtio", route).isPositive().isEqualTo(exchangesTotal(route));
        }
        browser.screenshot("camel-routes");
    }

    private RunReport runSyncNowFromTheOperationsTab() throws JMException {
        String before = runs.lastReport().orElseThrow().runId();
        browser.driver().get(baseUrl() + "/actuator/hawtio/jmx/attributes?nid=org.certsync-Sync-"
                + control.getObjectName().getKeyProperty("name"));
        By operationsTab = By.xpath("//a[normalize-space()='Operations']");
        browser.await("the Operations tab of the CertSync MBean", ExpectedConditions.elementToBeClickable(operationsTab));
        browser.screenshot("certsync-mbean-attributes");
        browser.find(operationsTab).click();
        By syncNow = By.cssSelector("button[aria-labelledby^='operation syncNow()']");
        browser.await("the syncNow operation", ExpectedConditions.elementToBeClickable(syncNow)).click();
        By execute = By.xpath("//section[@id='operation-execute-syncNow()']//button[normalize-space()='Execute']");
        browser.await("the Execute button of syncNow", ExpectedConditions.elementToBeClickable(execute));
        browser.screenshot("certsync-mbean-operations");
        browser.find(execute).click();

        browser.await("a new run", driver -> !runs.lastReport().orElseThrow().runId().equals(before));
        RunReport report = runs.lastReport().orElseThrow();
        browser.await("the summary of run " + report.runId() + " as the result of syncNow", ExpectedConditions
                .visibilityOfElementLocated(By.xpath("//*[contains(text(), 'run " + report.runId() + " " + report.status() + "')]")));
        browser.screenshot("sync-now-result");
        return report;
    }

    private long exchangesTotal(String route) throws JMException {
        ObjectName name = new ObjectName("org.apache.camel:context=" + camel.getManagementName()
                + ",type=routes,name=\"" + route + "\"");
        return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "ExchangesTotal");
    }
}
