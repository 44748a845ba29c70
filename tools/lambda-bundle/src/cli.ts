// `nx build <app>`: bundles one Lambda app and prints its size and cold require time.
import { bundleLambda, describe } from './bundle';

const appRoot = process.argv[2];
if (!appRoot) {
  console.error('usage: cli.ts apps/<name>');
  process.exit(2);
}
bundleLambda(process.cwd(), appRoot).then(
  (report) => console.log(describe(report)),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
