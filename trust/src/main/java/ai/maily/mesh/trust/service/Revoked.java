package ai.maily.mesh.trust.service;

import ai.maily.mesh.trust.cert.LogEntry;

/**
 * A revocation as appended to the log.
 *
 * @param revocation the entry
 * @param leafIndex where it sits in the log
 * @param checkpoint the signed checkpoint of its batch
 */
public record Revoked(LogEntry.Revocation revocation, long leafIndex, String checkpoint) {}
