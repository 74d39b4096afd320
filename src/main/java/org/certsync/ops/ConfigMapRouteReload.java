package org.certsync.ops;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the route files a Kubernetes ConfigMap update changed. The kubelet writes the new files into a new hidden
 * folder and renames a {@code ..data_tmp} link over {@code ..data}; the route files are links into {@code ..data} and
 * stay as they are. Camel's watcher sees no route file change: it skips events of folders, and {@code ..data} is a
 * link to one (FileWatcherResourceReloadStrategy). Here a swapped {@code ..data} hands each route file whose content
 * changed to Camel's reload, as if it had been edited in place. Route files the update added are new links, which
 * Camel's watcher loads itself. Active only when the routes folder has a {@code ..data} link.
 */
public class ConfigMapRouteReload implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigMapRouteReload.class);
    private static final String DATA = "..data";

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        // Camel's watcher is not started yet
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        RouteWatcherReloadStrategy watcher = camel.hasService(RouteWatcherReloadStrategy.class);
        if (watcher == null || watcher.getFolder() == null) return;
        Path folder = Path.of(watcher.getFolder()).toAbsolutePath();
        if (!Files.isSymbolicLink(folder.resolve(DATA))) return;
        try {
            camel.addService(new DataSwaps(camel, watcher, folder), true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot watch the ConfigMap's route folder " + folder, e);
        }
        LOG.info("Route folder {} is a mounted ConfigMap: a route file changed in the ConfigMap is reloaded", folder);
    }

    /** Watches the folder for a new {@code ..data} and reloads the route files whose content it changed. */
    static final class DataSwaps extends ServiceSupport {

        private final CamelContext camel;
        private final RouteWatcherReloadStrategy watcher;
        private final Path folder;
        /** Route file to the content it had at the last swap (or at start). */
        private final Map<Path, String> seen = new HashMap<>();
        private WatchService swaps;
        private ExecutorService executor;

        DataSwaps(CamelContext camel, RouteWatcherReloadStrategy watcher, Path folder) {
            this.camel = camel;
            this.watcher = watcher;
            this.folder = folder;
        }

        @Override
        protected void doStart() throws IOException {
            for (Path file : routeFiles()) seen.put(file, Files.readString(file));
            swaps = folder.getFileSystem().newWatchService();
            // the rename of ..data_tmp over ..data is a create of ..data
            folder.register(swaps, StandardWatchEventKinds.ENTRY_CREATE);
            executor = camel.getExecutorServiceManager().newSingleThreadExecutor(this, "ConfigMapRouteReload");
            executor.submit(this::watch);
        }

        @Override
        protected void doStop() throws IOException {
            if (swaps != null) swaps.close();
            if (executor != null) camel.getExecutorServiceManager().shutdown(executor);
        }

        private void watch() {
            try {
                while (true) {
                    WatchKey key = swaps.take();
                    boolean swapped = key.pollEvents().stream().anyMatch(event ->
                            event.kind() == StandardWatchEventKinds.OVERFLOW || DATA.equals(String.valueOf(event.context())));
                    key.reset();
                    if (swapped) reloadChanged();
                }
            } catch (ClosedWatchServiceException e) {
                // stopped
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void reloadChanged() {
            Map<Path, String> now = new TreeMap<>();
            try {
                for (Path file : routeFiles()) now.put(file, Files.readString(file));
            } catch (IOException e) {
                LOG.warn("Cannot read the route folder {} after the ConfigMap changed: {}", folder, e.getMessage());
                return;
            }
            for (var file : now.entrySet()) {
                String before = seen.get(file.getKey());
                // a file the update added is a new link, which Camel's watcher loads
                if (before == null || before.equals(file.getValue())) continue;
                String name = FileUtil.compactPath(file.getKey().toString());
                try {
                    watcher.getResourceReload().onReload(name, PluginHelper.getResourceLoader(camel).resolveResource("file:" + name));
                } catch (Exception e) {
                    LOG.warn("Reloading route file {} after the ConfigMap changed failed: {}", name, e.getMessage());
                }
            }
            seen.clear();
            seen.putAll(now);
        }

        /** The folder's route files (the links the kubelet made), as Camel's watcher's pattern selects them. */
        private List<Path> routeFiles() throws IOException {
            try (var entries = Files.list(folder)) {
                return entries.filter(Files::isRegularFile).filter(file -> watcher.getFileFilter().accept(file.toFile()))
                        .toList();
            }
        }
    }
}
