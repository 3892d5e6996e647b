/**
 * The meta-arguments of a protected resource's block where an environment setting leaves the
 * resource out (no `emailProvider`, an existing `application.clientId`, an Action's state
 * `removed`). The block stays, with no instance and `prevent_destroy`: if the state still
 * holds the resource, Terraform moves it to index 0 and refuses to destroy it, whichever client
 * plans (`npm run plan`, `cdktf deploy`, plain terraform, OpenTofu); on a tenant that never had
 * it, the block plans nothing. Without the block the resource would leave the configuration,
 * and its `prevent_destroy` with it.
 */
export const LEFT_OUT = { count: 0, lifecycle: { preventDestroy: true } } as const;

/**
 * What the block's required arguments say: Terraform validates a block without instances
 * too, but never sends it. The setting that left the resource out.
 */
export const leftOutBecause = (setting: string) => `left out: ${setting}`;
