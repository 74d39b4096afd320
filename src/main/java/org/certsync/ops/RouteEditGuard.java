package org.certsync.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a route file's last good version running when an edit of it cannot be loaded (invalid YAML, unknown EIP,
 * unknown endpoint). Camel's reload replaces the file's routes by id (camel.main.routes-reload-remove-all-routes=false)
 * but has already removed them when the new ones fail to start; this puts the last good version back.
 */
public class RouteEditGuard implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RouteEditGuard.class);
    private static final int MAX_CAUSE = 500;

    /** Route file (absolute path) to the text of its last version that loaded. */
    private final Map<Path, String> lastGood = new ConcurrentHashMap<>();

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        // the routes are not loaded yet
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        RouteWatcherReloadStrategy watcher = camel.hasService(RouteWatcherReloadStrategy.class);
        if (watcher == null) return;
        for (Route route : camel.getRoutes()) {
            Resource source = route.getSourceResource();
            if (source != null) remember(source);
        }
        ResourceReload reload = watcher.getResourceReload();
        watcher.setResourceReload((name, resource) -> reload(camel, reload, name, resource));
    }

    /** One reload at a time: Camel's watcher and {@link ConfigMapRouteReload} reload from threads of their own. */
    private synchronized void reload(CamelContext camel, ResourceReload reload, String name, Resource resource)
            throws Exception {
        try {
            reload.onReload(name, resource);
            // a deleted file: Camel keeps its routes running (it cannot tell which they were), nothing to remember
            if (resource.exists()) remember(resource);
        } catch (Exception e) {
            restore(camel, resource, e);
            throw e;
        }
    }

    private void remember(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            lastGood.put(path(resource), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("Cannot keep a copy of route file {}: {}", resource.getLocation(), e.getMessage());
        }
    }

    private void restore(CamelContext camel, Resource edited, Exception failure) {
        String good = lastGood.get(path(edited));
        if (good == null) {
            LOG.error("Refused route file {}: {}. It had not loaded before, so no route of it runs.",
                    edited.getLocation(), cause(failure));
            return;
        }
        try {
            PluginHelper.getRoutesLoader(camel).updateRoutes(List.of(ResourceHelper.fromString(edited.getLocation(), good)));
            LOG.error("Refused route file {}: {}. The routes of its last good version keep running; fix the file and"
                    + " save it again.", edited.getLocation(), cause(failure));
        } catch (Exception e) {
            LOG.error("Refused route file {}: {}; putting its last good version back failed too: {}",
                    edited.getLocation(), cause(failure), cause(e));
        }
    }

    /** The root cause on one line (YAML parser messages span several, with the position in the file). */
    private static String cause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? "" : root.getMessage().lines().map(String::strip)
                .filter(line -> !line.isEmpty()).collect(Collectors.joining(" "));
        if (message.length() > MAX_CAUSE) message = message.substring(0, MAX_CAUSE) + "…";
        if (message.endsWith(".")) message = message.substring(0, message.length() - 1);
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private static Path path(Resource resource) {
        String location = resource.getLocation();
        return Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location)
                .toAbsolutePath().normalize();
    }
}
