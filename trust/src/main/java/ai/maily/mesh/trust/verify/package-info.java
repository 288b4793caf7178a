/**
 * Verification of certificates, reporting each check on its own (content hash, checkpoint
 * signature, inclusion, consistency with the newest checkpoint, revocation) as pass, fail or
 * "couldn't check" — never one red/green blob. Plain Java: the API, the page and the offline CLI
 * share it.
 */
package ai.maily.mesh.trust.verify;
