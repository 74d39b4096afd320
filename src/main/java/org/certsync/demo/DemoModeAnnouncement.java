package org.certsync.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says plainly, once started, that this is the demo and where to look. */
@Component
@ConditionalOnProperty(name = "certsync.demo", havingValue = "true")
public class DemoModeAnnouncement implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoModeAnnouncement.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        String base = "http://127.0.0.1:" + env.getProperty("local.server.port", "8080");
        boolean consoleOpen = env.getProperty("certsync.console.open", Boolean.class, false);
        String dataDir = env.getProperty("certsync.demo.data-dir", "data/demo");
        LOG.warn("""
                DEMO MODE (certsync.demo=true): embedded LDAP directory with generated users and a simulated Exchange Online
                tenant on this server; no real directory or tenant is contacted. Listening on 127.0.0.1 only.
                  Console (Hawtio):                       {}/actuator/hawtio - {}
                  Published certificates per recipient:   {}/simulator/recipients
                  Last run report:                        {}
                  Demo data (kept across restarts):       {}
                  To sync a real directory and tenant, drop certsync.demo and set certsync.ldap.url and certsync.exchange.tenant-id.""",
                base, consoleOpen ? "open without login" : "login required (certsync.console.security=always)",
                base, env.getProperty("certsync.report-file"), dataDir.isBlank() ? "(memory only)" : dataDir);
    }
}
