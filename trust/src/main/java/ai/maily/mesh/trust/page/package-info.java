/**
 * The public verification page {@code /verify/{certificateId}}: a self-contained HTML page with
 * each check in words, a QR code linking to the page and a box to paste an email.
 */
package ai.maily.mesh.trust.page;
