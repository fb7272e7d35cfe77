import { ensurePgliteTemplate } from './helpers/pglite-template';

/** Once per jest run: the migrated PGlite template every database suite loads. */
export default async function globalSetup(): Promise<void> {
  await ensurePgliteTemplate();
}
