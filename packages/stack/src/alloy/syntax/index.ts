export { parseAlloy, parseAlloyExpression } from './parser.js';
export { printAlloy, printAlloyExpression, quote } from './printer.js';
export { AlloyParseError } from './errors.js';
export { isIdentifier } from './lexer.js';
export { BINARY_PRECEDENCE } from './ast.js';
export type * from './ast.js';
