/**
 * An append-only Merkle tree that stores only complete-subtree hashes, addressed by (level, index),
 * so appends, historical roots and proof reads all cost O(log n).
 */
package ai.maily.mesh.trust.tree;
