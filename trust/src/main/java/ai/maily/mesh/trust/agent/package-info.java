/** The {@code certifier} agent, which certifies content through the trust log inside a plan. */
package ai.maily.mesh.trust.agent;
