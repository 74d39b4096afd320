package org.certsync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline: a plain paged dump of the same entries and attributes with OpenLDAP's ldapsearch (C), the same page
 * size as CertSync. The LDIF is counted (entries must equal the users in scope) and thrown away.
 */
final class RawDump {

    /** One dump: wall time and the entries it returned. */
    record Result(double seconds, long entries) {
    }

    private RawDump() {
    }

    static Result run(String url, int pageSize, String returnedAttributes, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ldapsearch", "-x", "-LLL", "-o", "ldif-wrap=no",
                "-H", url, "-D", BenchDirectory.BIND_DN, "-w", BenchDirectory.BIND_PASSWORD,
                "-b", BenchDirectory.PEOPLE, "-s", "sub", "-E", "pr=" + pageSize + "/noprompt", BenchDirectory.USER_FILTER));
        command.addAll(List.of(returnedAttributes.split(",")));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        long entries;
        try (InputStream ldif = process.getInputStream()) {
            entries = countEntries(ldif);
        }
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0) throw new IllegalStateException("ldapsearch exited with " + exit + ", see " + log);
        return new Result(seconds, entries);
    }

    /** Counts lines starting with "dn:" without decoding the rest. */
    private static long countEntries(InputStream ldif) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long entries = 0;
        int matched = 0;
        boolean lineStart = true;
        for (int read = ldif.read(buffer); read > 0; read = ldif.read(buffer)) {
            for (int i = 0; i < read; i++) {
                byte b = buffer[i];
                if (lineStart || matched > 0) {
                    matched = b == "dn:".charAt(matched) ? matched + 1 : 0;
                    if (matched == 3) {
                        entries++;
                        matched = 0;
                    }
                }
                lineStart = b == '\n';
            }
        }
        return entries;
    }
}
