/**
 * The trust module's facade for the edge and the agents: certify, look up, revoke and verify
 * certificates, serve checkpoints, proofs, leaves, the public key and the verification page.
 */
package ai.maily.mesh.trust.service;
