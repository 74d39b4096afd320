package org.certsync.directory;

/**
 * Where the directory stood when a read began: the next delta read asks for what changed after {@code mark}.
 *
 * @param tracking how changes are found
 * @param serverId the domain controller's invocationId for {@link ChangeTracking#USN} (its USNs mean nothing
 *                 elsewhere); null otherwise
 * @param server   the server the position was read from, for messages (AD's dsServiceName, else the URL)
 * @param mark     highestCommittedUSN, or the ISO instant the read began
 */
public record ChangeMark(ChangeTracking tracking, String serverId, String server, String mark) {
}
