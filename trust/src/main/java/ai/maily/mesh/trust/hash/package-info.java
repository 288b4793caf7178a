/** RFC 9162 hashing: the SHA-256 leaf and node hashes every other part of the log is built on. */
package ai.maily.mesh.trust.hash;
