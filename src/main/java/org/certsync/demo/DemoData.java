package org.certsync.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's data directory ({@code certsync.demo.data-dir}, {@code data/demo}): its certificate authority (keys and
 * certificate, {@code authority.pem}) and its users with their certificates ({@code users.json}), made on the first
 * start and read on every later one, so a restarted demo has the same directory and publishes nothing new. No
 * directory (empty setting) keeps everything in memory.
 */
public final class DemoData {

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;

    /** @param directory where the demo keeps its data, or null for memory only */
    public DemoData(Path directory) {
        this.directory = directory;
    }

    /** The authority kept here, or a new one (then kept). */
    public DemoCertificateAuthority authority(String name) {
        Path file = file("authority.pem");
        if (file != null && Files.exists(file)) return readAuthority(file);
        DemoCertificateAuthority authority = new DemoCertificateAuthority(name);
        if (file != null) writeAuthority(file, authority);
        return authority;
    }

    /** The users kept here, or new ones (then kept). */
    public List<DemoUser> users(Supplier<List<DemoUser>> generate) {
        Path file = file("users.json");
        try {
            if (file != null && Files.exists(file)) {
                List<DemoUser> users = JSON.readValue(file.toFile(), new TypeReference<>() {
                });
                LOG.info("Demo directory: {} users kept in {} (delete {} to make new ones)", users.size(), file, directory);
                return users;
            }
            List<DemoUser> users = generate.get();
            if (file != null) {
                Files.createDirectories(directory);
                JSON.writeValue(file.toFile(), users);
            }
            return users;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the demo users in " + file + ": delete " + directory
                    + " to start the demo afresh", e);
        }
    }

    private Path file(String name) {
        return directory == null ? null : directory.resolve(name);
    }

    private static DemoCertificateAuthority readAuthority(Path file) {
        try (Reader reader = Files.newBufferedReader(file); PEMParser pem = new PEMParser(reader)) {
            List<Object> objects = new ArrayList<>();
            for (Object object = pem.readObject(); object != null; object = pem.readObject()) objects.add(object);
            JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
            return new DemoCertificateAuthority(keys.getKeyPair((PEMKeyPair) objects.get(1)),
                    (X509CertificateHolder) objects.get(0), keys.getKeyPair((PEMKeyPair) objects.get(2)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the demo authority from " + file + ": delete "
                    + file.getParent() + " to start the demo afresh", e);
        }
    }

    private static void writeAuthority(Path file, DemoCertificateAuthority authority) {
        try {
            Files.createDirectories(file.getParent());
            try (Writer writer = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(writer)) {
                pem.writeObject(authority.caCertificateHolder());
                pem.writeObject(authority.caKeys());
                pem.writeObject(authority.leafKeys());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the demo authority in " + file, e);
        }
    }
}
