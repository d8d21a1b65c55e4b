// The tag query for each language (see README.md for the captures).
import type { LanguageId } from '../languages';
import { CPP_QUERY } from './cpp';
import { CSHARP_QUERY } from './csharp';
import { GO_QUERY } from './go';
import { JAVA_QUERY } from './java';
import { JAVASCRIPT_QUERY } from './javascript';
import { PHP_QUERY } from './php';
import { PYTHON_QUERY } from './python';
import { RUBY_QUERY } from './ruby';
import { RUST_QUERY } from './rust';
import { TSX_QUERY, TYPESCRIPT_QUERY } from './typescript';

export const TAG_QUERIES: Record<LanguageId, string> = {
  typescript: TYPESCRIPT_QUERY,
  tsx: TSX_QUERY,
  javascript: JAVASCRIPT_QUERY,
  python: PYTHON_QUERY,
  go: GO_QUERY,
  rust: RUST_QUERY,
  java: JAVA_QUERY,
  c: CPP_QUERY,
  cpp: CPP_QUERY,
  csharp: CSHARP_QUERY,
  ruby: RUBY_QUERY,
  php: PHP_QUERY,
};
