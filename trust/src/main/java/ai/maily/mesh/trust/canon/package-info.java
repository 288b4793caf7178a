/**
 * Canonicalisation: turns an email (a raw RFC 5322 message or structured fields) or a document into
 * the exact bytes whose SHA-256 a certificate names, so that transport changes do not break a
 * certificate and content changes always do. The rules are in {@code trust/CANONICALIZATION.md}.
 */
package ai.maily.mesh.trust.canon;
