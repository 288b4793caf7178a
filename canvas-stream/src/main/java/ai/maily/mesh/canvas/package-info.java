/**
 * The canvas: collaborative campaign documents ({@code CanvasEntity}) and the live stream hub that
 * merges the mesh's pub-sub topics with journal replay, so that a client resumes without loss.
 */
package ai.maily.mesh.canvas;
