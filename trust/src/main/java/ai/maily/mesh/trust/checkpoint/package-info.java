/**
 * C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys from the JDK, and transparency-log
 * checkpoints (c2sp.org/tlog-checkpoint) carried in them.
 */
package ai.maily.mesh.trust.checkpoint;
