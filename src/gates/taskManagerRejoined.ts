import * as pulumi from "@pulumi/pulumi";
import { taskManagerRejoinedProvider } from "./taskManagerRejoinedProvider";

export interface TaskManagerRejoinedArgs {
  /** The JobManagers' REST URLs as Pulumi reaches them; any of them answers for the leader. */
  restUrls: pulumi.Input<pulumi.Input<string>[]>;
  /** The TaskManager's container name, for messages. */
  taskManager: pulumi.Input<string>;
  /** How its processes' resource ids begin: `<taskmanager.host>:` or `<host>:<rpc port>-`. */
  processPrefix: pulumi.Input<string>;
  /** How long to wait before failing. Defaults to 180. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Pause between checks, in ms. Defaults to 500. */
  intervalMs?: pulumi.Input<number>;
  /** Bound on each REST request. Defaults to 5000. */
  attemptTimeoutMs?: pulumi.Input<number>;
  /** Values whose change makes the gate wait, such as the TaskManager's container id. */
  triggers?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A gate for rolling replacement of Flink TaskManagers: it waits until the TaskManager's process
 * has registered with the leading ResourceManager, on create and again once its container has
 * been replaced (a new process, not the replaced one's entry that outlives it until its heartbeat
 * times out). The next TaskManager depends on it, so a change takes one TaskManager's slots away
 * at a time. Fails after `timeoutSeconds`, saying what is registered.
 *
 * ## Example
 * ```ts
 * const registered = new TaskManagerRejoined("tm-1-rejoined", {
 *   restUrls: ["http://127.0.0.1:8081", "http://127.0.0.1:8082"],
 *   taskManager: "tm-1",
 *   processPrefix: "tm-1:",
 *   triggers: [tm1.id],
 * });
 * ```
 */
export class TaskManagerRejoined extends pulumi.dynamic.Resource {
  /** The resource id of the process registered when the gate last passed. */
  declare readonly process: pulumi.Output<string>;

  constructor(name: string, args: TaskManagerRejoinedArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      taskManagerRejoinedProvider,
      name,
      {
        restUrls: args.restUrls,
        taskManager: args.taskManager,
        processPrefix: args.processPrefix,
        timeoutSeconds: args.timeoutSeconds ?? 180,
        intervalMs: args.intervalMs ?? 500,
        attemptTimeoutMs: args.attemptTimeoutMs ?? 5000,
        triggers: args.triggers ?? [],
        process: undefined,
      },
      opts,
      "pulumi-zk-ha",
      "TaskManagerRejoined",
    );
  }
}
