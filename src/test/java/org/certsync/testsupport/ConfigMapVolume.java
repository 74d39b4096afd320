package org.certsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.util.FileSystemUtils;

/**
 * A directory laid out and updated the way the kubelet projects a ConfigMap volume (its AtomicWriter,
 * pkg/volume/util/atomic_writer.go): the files live in a hidden timestamped directory, {@code ..data} links to it, and
 * each key is a link {@code <key> -> ..data/<key>}. An update writes a new timestamped directory, links {@code ..data_tmp}
 * to it, renames {@code ..data_tmp} over {@code ..data} (atomic), links keys that are new, removes the links of keys
 * that went and deletes the old timestamped directory; the links of keys that stay are never touched.
 */
public final class ConfigMapVolume {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("..yyyy_MM_dd_HH_mm_ss.");
    private static final String DATA = "..data";

    private final Path dir;

    private ConfigMapVolume(Path dir) {
        this.dir = dir;
    }

    /** A new volume in a temporary folder holding {@code data}, as the kubelet mounts it when the pod starts. */
    public static ConfigMapVolume of(Map<String, String> data) {
        try {
            ConfigMapVolume volume = new ConfigMapVolume(Files.createTempDirectory("certsync-configmap"));
            volume.update(data);
            return volume;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files of {@code routes} as the data of a ConfigMap, by file name. */
    public static Map<String, String> dataOf(Path routes) {
        try (var files = Files.list(routes)) {
            Map<String, String> data = new TreeMap<>();
            for (Path file : files.toList()) data.put(file.getFileName().toString(), Files.readString(file));
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Replaces the whole data, step by step as the kubelet does when the ConfigMap changed. */
    public void update(Map<String, String> data) {
        try {
            Path link = dir.resolve(DATA);
            Path oldTimestamped = Files.exists(link, LinkOption.NOFOLLOW_LINKS) ? dir.resolve(Files.readSymbolicLink(link)) : null;

            Path timestamped = Files.createTempDirectory(dir, LocalDateTime.now(ZoneOffset.UTC).format(TIMESTAMP));
            for (var entry : data.entrySet()) Files.writeString(timestamped.resolve(entry.getKey()), entry.getValue());
            Path next = dir.resolve("..data_tmp");
            Files.createSymbolicLink(next, timestamped.getFileName());
            Files.move(next, link, StandardCopyOption.ATOMIC_MOVE);
            for (String key : data.keySet()) {
                Path visible = dir.resolve(key);
                if (!Files.exists(visible, LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(visible, Path.of(DATA, key));
            }

            if (oldTimestamped != null) {
                try (var old = Files.list(oldTimestamped)) {
                    for (Path file : old.toList()) {
                        String key = file.getFileName().toString();
                        if (!data.containsKey(key)) Files.delete(dir.resolve(key));
                    }
                }
                FileSystemUtils.deleteRecursively(oldTimestamped);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
