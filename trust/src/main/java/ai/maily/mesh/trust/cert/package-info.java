/**
 * Certificates: the log entries a certificate's leaf is made of ({@link
 * ai.maily.mesh.trust.cert.LogEntry}), the certificate itself and its compact {@code
 * Maily-Certificate} email header.
 */
package ai.maily.mesh.trust.cert;
