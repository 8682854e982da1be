// The `santedb-token` bundle, started by the loader in santedb-token.ts.
import { startCli } from './start-cli';

startCli();
