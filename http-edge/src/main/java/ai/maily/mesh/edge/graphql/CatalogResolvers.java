package ai.maily.mesh.edge.graphql;

import ai.maily.mesh.core.task.PlaybookRegistry;
import ai.maily.mesh.edge.AgentDirectory;
import ai.maily.mesh.edge.auth.Role;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;

/** What the node offers: its agent types (through {@link AgentDirectory}) and its playbooks. */
final class CatalogResolvers {

  private final AgentDirectory agents;
  private final PlaybookRegistry playbooks;

  CatalogResolvers(AgentDirectory agents, PlaybookRegistry playbooks) {
    this.agents = agents;
    this.playbooks = playbooks;
  }

  /** Adds the catalog fields of {@code Query}. */
  void wire(RuntimeWiring.Builder wiring) {
    wiring.type(
        "Query",
        type ->
            type.dataFetcher("agents", env -> agents.list(TaskResolvers.caller(env)))
                .dataFetcher("agent", this::agent)
                .dataFetcher("playbooks", this::playbooks));
  }

  private Object agent(DataFetchingEnvironment env) {
    return agents
        .describe(TaskResolvers.caller(env), env.getArgument("type"))
        .toCompletableFuture();
  }

  private Object playbooks(DataFetchingEnvironment env) {
    TaskResolvers.caller(env).require(Role.VIEWER);
    return playbooks.all();
  }
}
