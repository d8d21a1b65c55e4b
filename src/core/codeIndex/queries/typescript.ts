// TypeScript, and TSX: the tsx grammar has the same node types plus JSX, whose uses only it can query.
import { EXTENDED, FUNCTION_VALUE, JS_SHARED, JSX_USES } from './javascript';

/** A supertype's own name: plain, generic (`Base<T>`) or qualified (`ns.Base`, its last part). */
const TS_SUPERTYPE = '[(type_identifier) @supertype (generic_type name: [(type_identifier) @supertype (nested_type_identifier name: (type_identifier) @supertype)]) (nested_type_identifier name: (type_identifier) @supertype)]';

export const TYPESCRIPT_QUERY = `${JS_SHARED}
(function_signature name: (identifier) @name) @declaration.function
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(class_declaration name: (type_identifier) @name) @definition.class
(class name: (type_identifier) @name) @definition.class
(variable_declarator name: (identifier) @name value: (class)) @definition.class
(public_field_definition name: [(property_identifier) (private_property_identifier)] @name value: ${FUNCTION_VALUE}) @definition.method
(interface_declaration name: (type_identifier) @name) @definition.interface
(type_alias_declaration name: (type_identifier) @name) @definition.type
(enum_declaration name: (identifier) @name) @definition.enum
(internal_module name: [(identifier) (nested_identifier)] @name) @definition.module
(method_signature name: [(property_identifier) (private_property_identifier)] @name) @declaration.method
(abstract_method_signature name: [(property_identifier) (private_property_identifier)] @name) @declaration.method

(type_identifier) @reference
(extends_clause value: (identifier) @reference)

; Supertypes: what a class extends or implements, what an interface extends (\`ns.Base\` by its last part).
${['class_declaration', 'abstract_class_declaration', 'class'].map((node) => `(${node} name: (type_identifier) @supertype.of (class_heritage (extends_clause value: ${EXTENDED})))
(${node} name: (type_identifier) @supertype.of (class_heritage (implements_clause ${TS_SUPERTYPE})))`).join('\n')}
(variable_declarator name: (identifier) @supertype.of value: (class !name (class_heritage (extends_clause value: ${EXTENDED}))))
(interface_declaration name: (type_identifier) @supertype.of (extends_type_clause type: ${TS_SUPERTYPE}))
`;

export const TSX_QUERY = `${TYPESCRIPT_QUERY}${JSX_USES}`;
