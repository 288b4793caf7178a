/**
 * The log writer: the {@link ai.maily.mesh.trust.log.TrustLog} entity that batches appends, stores
 * leaves and node hashes, signs one checkpoint per batch and serves proofs; its durable store, its
 * node cache and its signing key. The only Pekko code of the trust module besides the service.
 */
package ai.maily.mesh.trust.log;
