package org.certsync.directory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.SearchResult;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns LDAP search results into {@link DirectoryUser}s; a broken entry is logged by DN and skipped. */
public class DirectoryEntries {

    /** The attributes CertSync asks for; LDAP also returns their ";binary" subtypes. */
    public static final String RETURNED_ATTRIBUTES =
            "objectGUID,entryUUID,mail,userPrincipalName,proxyAddresses,userCertificate,userSMIMECertificate";

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryEntries.class);

    public List<DirectoryUser> toUsers(List<SearchResult> results) {
        List<DirectoryUser> users = new ArrayList<>(results.size());
        for (SearchResult result : results) {
            try {
                users.add(toUser(result));
            } catch (NamingException | RuntimeException e) {
                LOG.warn("Skipping directory entry {}: {}", result.getNameInNamespace(), DirectoryConnection.rootMessage(e));
            }
        }
        return users;
    }

    DirectoryUser toUser(SearchResult result) throws NamingException {
        String dn = result.getNameInNamespace();
        Attributes attributes = result.getAttributes();
        String id = stableId(attributes, dn);
        return new DirectoryUser(id, dn,
                firstString(attributes, "mail"),
                firstString(attributes, "userPrincipalName"),
                strings(attributes, "proxyAddresses"),
                binaries(attributes, "userCertificate"),
                binaries(attributes, "userSMIMECertificate"));
    }

    private static String stableId(Attributes attributes, String dn) throws NamingException {
        Attribute guid = attributes.get("objectGUID");
        if (guid != null && guid.get() instanceof byte[] bytes && bytes.length == 16) {
            return guidString(bytes);
        }
        String uuid = firstString(attributes, "entryUUID");
        return uuid != null ? uuid : dn.toLowerCase(Locale.ROOT);
    }

    /** AD stores the first three GUID fields little-endian; this gives the form AD tools show. */
    static String guidString(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long high = ((long) buffer.order(ByteOrder.LITTLE_ENDIAN).getInt(0) & 0xffffffffL) << 32
                | ((long) buffer.getShort(4) & 0xffff) << 16
                | ((long) buffer.getShort(6) & 0xffff);
        long low = buffer.order(ByteOrder.BIG_ENDIAN).getLong(8);
        return new UUID(high, low).toString();
    }

    private static String firstString(Attributes attributes, String name) throws NamingException {
        List<String> values = strings(attributes, name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static List<String> strings(Attributes attributes, String name) throws NamingException {
        List<String> values = new ArrayList<>();
        for (Object value : values(attributes, name)) {
            values.add(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString());
        }
        return values;
    }

    private static List<byte[]> binaries(Attributes attributes, String name) throws NamingException {
        List<byte[]> values = new ArrayList<>();
        for (Object value : values(attributes, name)) {
            // without the binary hint a server may hand back a string; keep its bytes so the policy can judge them
            values.add(value instanceof byte[] bytes ? bytes : value.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return values;
    }

    /** Values of the attribute and of its subtypes with options, e.g. "userCertificate;binary". */
    private static List<Object> values(Attributes attributes, String name) throws NamingException {
        List<Object> values = new ArrayList<>();
        String prefix = name.toLowerCase(Locale.ROOT) + ";";
        NamingEnumeration<? extends Attribute> all = attributes.getAll();
        while (all.hasMore()) {
            Attribute attribute = all.next();
            String id = attribute.getID().toLowerCase(Locale.ROOT);
            if (id.equals(name.toLowerCase(Locale.ROOT)) || id.startsWith(prefix)) {
                NamingEnumeration<?> each = attribute.getAll();
                while (each.hasMore()) values.add(each.next());
            }
        }
        return values;
    }
}
