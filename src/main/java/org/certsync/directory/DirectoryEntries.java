package org.certsync.directory;

import org.certsync.FailureMessages;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.SearchResult;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns LDAP search results into {@link DirectoryUser}s. An entry that cannot be turned into a user is handed to the
 * caller by DN and cause: a read that dropped an entry is not complete, so it must never clear anything.
 */
public class DirectoryEntries {

    /** An entry the read could not use. */
    public record DroppedEntry(String dn, String cause) {
    }

    /** The attributes CertSync asks for; LDAP also returns their ";binary" subtypes. */
    public static final String RETURNED_ATTRIBUTES =
            "objectGUID,entryUUID,mail,userPrincipalName,proxyAddresses,userCertificate,userSMIMECertificate";

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryEntries.class);

    /**
     * The run's read: the users of the search, a page at a time as the run's split asks for them. Kept in the
     * exchange property {@link UserPages#PROPERTY}, where the run's end asks whether the read was complete.
     */
    public UserPages<DirectoryUser> pages(PagedSearch search, Exchange exchange) {
        UserPages<DirectoryUser> pages = new UserPages<>(search, this::toUsers);
        exchange.setProperty(UserPages.PROPERTY, pages);
        return pages;
    }

    /**
     * Every user a small search finds (the entries of one address), all pages. An entry that cannot be read fails
     * the whole answer: judged without it, the address would lose that entry's certificates.
     */
    public List<DirectoryUser> all(PagedSearch search) {
        List<DirectoryUser> users = new ArrayList<>();
        try (search) {
            while (search.hasNext()) {
                users.addAll(toUsers(search.next(), dropped -> {
                    throw new IllegalStateException("directory entry " + dropped.dn() + " cannot be read: " + dropped.cause());
                }));
            }
        }
        return users;
    }

    /**
     * The users of a search for a directory write (directory hygiene), page by page as {@link #pages} reads them:
     * with the attribute names as read and adminCount, which the search must ask for.
     */
    public UserPages<DirectoryEntry> entryPages(PagedSearch search, Exchange exchange) {
        UserPages<DirectoryEntry> pages = new UserPages<>(search, this::toEntries);
        exchange.setProperty(UserPages.PROPERTY, pages);
        return pages;
    }

    public List<DirectoryUser> toUsers(List<SearchResult> results, java.util.function.Consumer<DroppedEntry> dropped) {
        return decode(results, dropped, this::toUser);
    }

    List<DirectoryEntry> toEntries(List<SearchResult> results, java.util.function.Consumer<DroppedEntry> dropped) {
        return decode(results, dropped, result -> new DirectoryEntry(toUser(result),
                nameAsRead(result.getAttributes(), "usercertificate"), nameAsRead(result.getAttributes(), "usersmimecertificate"),
                "1".equals(firstString(valuesByName(result.getAttributes()), "admincount"))));
    }

    private interface Decoder<T> {
        T decode(SearchResult result) throws NamingException;
    }

    private <T> List<T> decode(List<SearchResult> results, java.util.function.Consumer<DroppedEntry> dropped, Decoder<T> decoder) {
        List<T> users = new ArrayList<>(results.size());
        for (SearchResult result : results) {
            try {
                users.add(decoder.decode(result));
            } catch (NamingException | RuntimeException e) {
                DroppedEntry entry = new DroppedEntry(result.getNameInNamespace(), FailureMessages.describe(e));
                LOG.warn("Directory entry {} cannot be read: {}", entry.dn(), entry.cause());
                dropped.accept(entry);
            }
        }
        return users;
    }

    DirectoryUser toUser(SearchResult result) throws NamingException {
        String dn = result.getNameInNamespace();
        Map<String, List<Object>> values = valuesByName(result.getAttributes());
        return new DirectoryUser(stableId(values, dn), dn,
                firstString(values, "mail"),
                firstString(values, "userprincipalname"),
                strings(values, "proxyaddresses"),
                binaries(values, "usercertificate"),
                binaries(values, "usersmimecertificate"));
    }

    private static String stableId(Map<String, List<Object>> values, String dn) {
        List<Object> guid = values.getOrDefault("objectguid", List.of());
        return userId(!guid.isEmpty() && guid.get(0) instanceof byte[] bytes ? bytes : null, firstString(values, "entryuuid"), dn);
    }

    /**
     * A user's stable id as the reads give it: the objectGUID (AD), else the entryUUID, else the DN in lower case; for a
     * directory write that must check it still addresses the same object.
     */
    public static String userId(byte[] objectGuid, String entryUuid, String dn) {
        if (objectGuid != null && objectGuid.length == 16) return guidString(objectGuid);
        return entryUuid != null ? entryUuid : dn.toLowerCase(Locale.ROOT);
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

    private static String firstString(Map<String, List<Object>> values, String name) {
        List<String> strings = strings(values, name);
        return strings.isEmpty() ? null : strings.get(0);
    }

    private static List<String> strings(Map<String, List<Object>> values, String name) {
        List<String> strings = new ArrayList<>();
        for (Object value : values.getOrDefault(name, List.of())) {
            strings.add(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString());
        }
        return strings;
    }

    private static List<byte[]> binaries(Map<String, List<Object>> values, String name) {
        List<byte[]> binaries = new ArrayList<>();
        for (Object value : values.getOrDefault(name, List.of())) {
            // without the binary hint a server may hand back a string; keep its bytes so the policy can judge them
            binaries.add(value instanceof byte[] bytes ? bytes : value.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return binaries;
    }

    /** The name the server gave the attribute (with its options, e.g. "userCertificate;binary"), else the plain name. */
    private static String nameAsRead(Attributes attributes, String name) throws NamingException {
        NamingEnumeration<String> ids = attributes.getIDs();
        while (ids.hasMore()) {
            String id = ids.next();
            int options = id.indexOf(';');
            if ((options < 0 ? id : id.substring(0, options)).equalsIgnoreCase(name)) return id;
        }
        return "usercertificate".equals(name) ? "userCertificate" : "userSMIMECertificate";
    }

    /**
     * The entry's values by lower-case attribute name, in one pass; subtypes with options (e.g.
     * "userCertificate;binary") count as their base attribute.
     */
    private static Map<String, List<Object>> valuesByName(Attributes attributes) throws NamingException {
        Map<String, List<Object>> values = new HashMap<>();
        NamingEnumeration<? extends Attribute> all = attributes.getAll();
        while (all.hasMore()) {
            Attribute attribute = all.next();
            String id = attribute.getID();
            int options = id.indexOf(';');
            String name = (options < 0 ? id : id.substring(0, options)).toLowerCase(Locale.ROOT);
            List<Object> list = values.computeIfAbsent(name, n -> new ArrayList<>());
            NamingEnumeration<?> each = attribute.getAll();
            while (each.hasMore()) list.add(each.next());
        }
        return values;
    }
}
