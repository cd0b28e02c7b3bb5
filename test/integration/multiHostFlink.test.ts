import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { FlinkHaVerifiedInputs } from "../../src/gates/flinkHaVerifiedProvider";
import { quorumReadyProvider, type QuorumReadyInputs } from "../../src/gates/quorumReadyProvider";
import { znodeProvider } from "../../src/gates/znodeProvider";
import { ZOOKEEPER_TEST_IMAGE } from "../harness/ensembleFixture";
import { FLINK_TEST_IMAGE, withoutProvider } from "../harness/flinkFixture";
import { PlacedFlink } from "../harness/placedFlink";
import { carriesLabel, PlacedReplay } from "../harness/placedReplay";
import { listObjectKeys } from "../harness/s3Listing";
import { addressOf, TestHosts } from "../harness/testHosts";
import { recordModule, type Registration } from "../helpers/recordingMonitor";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "multi-host", "index.js");

/** The keys of the store test/hosts/hosts.sh started: `S3_ENDPOINT`, `S3_ACCESS_KEY`, ... */
function storeSettings(): Record<string, string> {
  return Object.fromEntries(
    readFileSync("/run/zkha-hosts/store/s3.env", "utf8")
      .trim()
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

// The multi-host example's Flink cluster, recorded with the test hosts' ssh user, the test images
// and the store's S3 keys, replayed each member on its own host's engine over ssh:// after the
// example's ZooKeeper servers: JobManagers on two hosts, TaskManagers on two, the HA state in
// the store every host reaches. (The ZooKeeper faults are multiHost.test.ts.)
void describe(
  "the multi-host example's Flink over three Docker hosts, its HA state in S3",
  { timeout: 1_200_000 },
  () => {
    const hosts = new TestHosts();
    let replay: PlacedReplay;
    let registrations: Registration[];
    let flink: PlacedFlink;

    /** The number (1-based) of the host a container runs on. */
    const hostOfContainer = (name: string): number => {
      const label = replay.of(name).engine.label;
      return [1, 2, 3].find((n) => label.endsWith(`@${addressOf(n)}`)) ?? 0;
    };

    before(async () => {
      await hosts.up([ZOOKEEPER_TEST_IMAGE, FLINK_TEST_IMAGE]);
      const store = storeSettings();
      pulumi.runtime.setAllConfig(
        {
          "multi-host:sshUser": "root",
          "multi-host:zookeeperImage": ZOOKEEPER_TEST_IMAGE,
          "multi-host:flinkImage": FLINK_TEST_IMAGE,
          "multi-host:s3Endpoint": store["S3_ENDPOINT"] ?? "",
          "multi-host:s3AccessKey": store["S3_ACCESS_KEY"] ?? "",
          "multi-host:s3SecretKey": store["S3_SECRET_KEY"] ?? "",
          "multi-host:oozieImage": "not-replayed/oozie",
          "multi-host:oozieDbPassword": "not-replayed",
        },
        ["multi-host:oozieDbPassword", "multi-host:s3SecretKey"],
      );
      const monitor = await recordModule(EXAMPLE, { project: "multi-host" });
      registrations = monitor.registrations;
      replay = new PlacedReplay((host) => hosts.engineFor(host));
      // The graph's order: the ensemble, its quorum, the Flink HA path, then Flink.
      await replay.applyAll(registrations, carriesLabel("pulumi-zk-ha.ensemble"));
      const quorum = monitor.byName("ha-zookeeper-quorum-ready")
        .inputs as unknown as QuorumReadyInputs;
      await quorumReadyProvider.create({ ...quorum, timeoutSeconds: 120 });
      await znodeProvider.create(withoutProvider(monitor.byName("ha-flink-ha-znode").inputs));
      await replay.applyAll(registrations, carriesLabel("pulumi-zk-ha.flink-cluster"));
      flink = new PlacedFlink(
        registrations,
        replay,
        withoutProvider(
          monitor.byName("ha-flink-ha-verified").inputs,
        ) as unknown as FlinkHaVerifiedInputs,
      );
    });

    after(async () => {
      await hosts.down();
    });

    void it("runs Flink with JobManagers on hosts 1 and 2, TaskManagers on 2 and 3, and its HA state in the shared store", async () => {
      assert.deepEqual(
        [
          ...flink.jobManagers.map((j) => j.name),
          "multi-host-test-ha-flink-tm-1",
          "multi-host-test-ha-flink-tm-2",
        ].map((name) => `${name} on host ${hostOfContainer(name)}`),
        [
          "multi-host-test-ha-flink-jm-1 on host 1",
          "multi-host-test-ha-flink-jm-2 on host 2",
          "multi-host-test-ha-flink-tm-1 on host 2",
          "multi-host-test-ha-flink-tm-2 on host 3",
        ],
      );
      const jobId = await flink.submitJob();
      const leader = await flink.leader();
      await flink.checkpointAfter(leader, jobId, 0, 120_000);
      assert.equal(await flink.allInElection(120_000), leader);
      // The job (its execution plan, as Flink 2 names it) and its checkpoint metadata are objects
      // in the store, not files on one host.
      const store = storeSettings();
      const stored = await listObjectKeys(
        {
          endpoint: store["S3_ENDPOINT"] ?? "",
          accessKey: store["S3_ACCESS_KEY"] ?? "",
          secretKey: store["S3_SECRET_KEY"] ?? "",
        },
        "flink-ha",
        "recovery/",
      );
      assert.ok(
        stored.some(
          (file) =>
            file.startsWith("recovery/") && /submittedExecutionPlan|submittedJobGraph/.test(file),
        ),
        stored.join(", "),
      );
      assert.ok(
        stored.some((file) => /completedCheckpoint/i.test(file)),
        stored.join(", "),
      );
    });
  },
);
