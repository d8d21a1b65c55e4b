// JavaScript; JS_SHARED is also the part of TypeScript's query that the two grammars share.

/** A function-valued right-hand side: what makes a variable, property or class field a function. */
export const FUNCTION_VALUE = '[(arrow_function) (function_expression) (generator_function)]';
const THIS_MEMBER = '(member_expression object: (this) property: [(property_identifier) (private_property_identifier)] @reference)';

/**
 * A function used as a value (a callback, a handler, an import or export) is a use too: without these,
 * explain_symbol finds no callers for it and a small model takes it for unused. Only forms that name
 * the value directly: an identifier or \`this.x\` as an argument or an object's value. A bare identifier
 * (\`@reference.value\`) counts only when the file defines or imports the name: most are local variables.
 */
const JS_VALUE_USES = `
(arguments (identifier) @reference.value)
(arguments ${THIS_MEMBER})
(pair value: (identifier) @reference.value)
(pair value: ${THIS_MEMBER})
(shorthand_property_identifier) @reference.value
(import_specifier name: (identifier) @reference.import)
(import_clause (identifier) @reference.import)
(variable_declarator
  name: [(identifier) @reference.import (object_pattern (shorthand_property_identifier_pattern) @reference.import)]
  value: (call_expression function: (identifier) @_require arguments: (arguments (string))) (#eq? @_require "require"))
(export_specifier name: (identifier) @reference)
(export_statement value: (identifier) @reference)
`;

/** What a class extends, by its own name (`Base`, or `ns.Base`'s last part): JavaScript's and TypeScript's supertype. */
export const EXTENDED = '[(identifier) @supertype (member_expression property: (property_identifier) @supertype)]';

export const JS_SHARED = `
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(method_definition name: [(property_identifier) (private_property_identifier)] @name) @definition.method
(variable_declarator name: (identifier) @name value: ${FUNCTION_VALUE}) @definition.function
(assignment_expression
  left: (member_expression property: (property_identifier) @name)
  right: ${FUNCTION_VALUE}
  (#not-eq? @name "exports")) @definition.function
; \`module.exports = function objectToMap(…) {…}\`: the function's own name (a module's "exports" names nothing).
(assignment_expression
  left: (member_expression property: (property_identifier) @_exports)
  right: [(function_expression name: (identifier) @name) (generator_function name: (identifier) @name)]
  (#eq? @_exports "exports")) @definition.function
(pair key: (property_identifier) @name value: ${FUNCTION_VALUE}) @definition.function

(call_expression function: (identifier) @reference)
(call_expression function: (member_expression property: (property_identifier) @reference))
(new_expression constructor: (identifier) @reference)
(new_expression constructor: (member_expression property: (property_identifier) @reference))
; \`x instanceof Foo\`: what the code after it calls, it calls on a Foo.
(binary_expression operator: "instanceof" right: [(identifier) @reference (member_expression property: (property_identifier) @reference)])
${JS_VALUE_USES}`;

/** JSX (JavaScript and TSX, not the plain TypeScript grammar): a handler in an attribute, a component used as an element. */
export const JSX_USES = `
(jsx_expression (identifier) @reference.value)
(jsx_expression ${THIS_MEMBER})
(jsx_opening_element name: (identifier) @reference (#match? @reference "^[A-Z]"))
(jsx_self_closing_element name: (identifier) @reference (#match? @reference "^[A-Z]"))
`;

export const JAVASCRIPT_QUERY = `${JS_SHARED}${JSX_USES}
(class_declaration name: (identifier) @name) @definition.class
; A class expression: \`module.exports = class Warning extends WebpackError {…}\`, \`const Store = class {…}\`.
(class name: (identifier) @name) @definition.class
(variable_declarator name: (identifier) @name value: (class)) @definition.class
(field_definition property: [(property_identifier) (private_property_identifier)] @name value: ${FUNCTION_VALUE}) @definition.method
(class_heritage (identifier) @reference)
; Supertypes: what a class extends (\`ns.Base\` by its last part).
(class_declaration name: (identifier) @supertype.of (class_heritage ${EXTENDED}))
(class name: (identifier) @supertype.of (class_heritage ${EXTENDED}))
(variable_declarator name: (identifier) @supertype.of value: (class !name (class_heritage ${EXTENDED})))
; JSDoc comments: the types in their tags ({Compiler}, {Map<string, Module>}) are plain JavaScript's type annotations.
((comment) @jsdoc (#match? @jsdoc "^/[*][*]"))
`;
