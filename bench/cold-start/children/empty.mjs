// Reference: Node itself, nothing loaded, nothing fetched (its phases after boot are ~0).
import { lap } from '../../lib/cold-child.mjs';

lap('import');
lap('setup');
lap('firstVerify');
process.stdout.write('verified\n');
process.exit(0);
