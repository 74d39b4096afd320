package org.certsync.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says plainly, once started, that demo parts are on and where to look. */
@Component
public class DemoModeAnnouncement implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoModeAnnouncement.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        boolean directory = env.getProperty("certsync.demo.directory", Boolean.class, false);
        boolean exchange = env.getProperty("certsync.demo.exchange", Boolean.class, false);
        if (!directory && !exchange) return;
        String base = "http://localhost:" + env.getProperty("local.server.port", "8080");
        boolean consoleOpen = env.getProperty("certsync.console.open", Boolean.class, false);
        LOG.warn("""
                DEMO MODE is on: {}{}
                  Console (Hawtio):                                 {}/actuator/hawtio - {}
                  Published certificates per recipient:            {}/simulator/recipients
                  Last run report:                                 {}
                  Set certsync.ldap.url and certsync.exchange.tenant-id to sync a real directory and tenant.""",
                directory ? "embedded LDAP directory with generated demo users" : "",
                exchange ? (directory ? " and " : "") + "built-in Exchange Online simulator (no tenant is contacted)" : "",
                base, consoleOpen ? "OPEN without login: anyone reaching this port may run its operations"
                        : "login required (certsync.console.security=always)",
                base, env.getProperty("certsync.report-file"));
    }
}
