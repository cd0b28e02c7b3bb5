import { benchFlinkFailover } from "./flinkFailover";
import { benchOozieKill } from "./oozieKill";
import { benchConstruction, benchQuorumDetection } from "./zookeeperBench";

// `npm run bench`: figures measured side by side in one run on this machine.
async function main(): Promise<void> {
  console.log(await benchConstruction());
  console.log(await benchQuorumDetection());
  // Prints its own table.
  await benchFlinkFailover();
  await benchOozieKill();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
