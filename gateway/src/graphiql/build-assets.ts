// Run by the gateway's `build` script, after tools/build-node.js, as dist/graphiql/build-assets.js:
// writes the browser bundle to dist/graphiql-assets so production never bundles at run time.
import { bundleGraphiql, PREBUILT_ASSETS_DIR, writeGraphiqlAssets } from './bundle';

async function main(): Promise<void> {
  const started = Date.now();
  const assets = await bundleGraphiql();
  await writeGraphiqlAssets(assets, PREBUILT_ASSETS_DIR);
  const bytes = [...assets.values()].reduce((sum, asset) => sum + asset.body.length, 0);
  console.log(
    `graphiql: ${assets.size} files, ${(bytes / 1e6).toFixed(1)} MB in ${Date.now() - started} ms -> ${PREBUILT_ASSETS_DIR}`,
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`graphiql bundle failed: ${(err as Error).message}`);
    process.exit(1);
  });
}
