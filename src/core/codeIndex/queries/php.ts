/** A supertype by its own name (a qualified name's last part). */
const SUPERTYPE = '[(name) @supertype (qualified_name (name) @supertype)]';

export const PHP_QUERY = `
(class_declaration name: (name) @name) @definition.class
(interface_declaration name: (name) @name) @definition.interface
(trait_declaration name: (name) @name) @definition.trait
(enum_declaration name: (name) @name) @definition.enum
(function_definition name: (name) @name) @definition.function
(method_declaration name: (name) @name body: (_)) @definition.method
(method_declaration name: (name) @name !body) @declaration.method

(function_call_expression function: [(name) @reference (qualified_name (name) @reference)])
(member_call_expression name: (name) @reference)
(nullsafe_member_call_expression name: (name) @reference)
(scoped_call_expression name: (name) @reference)
(object_creation_expression [(name) @reference (qualified_name (name) @reference)])
(base_clause (name) @reference)
(class_interface_clause (name) @reference)
(named_type (name) @reference)
; \`$node instanceof Heading\`: what the code after it calls, it calls on a Heading.
(binary_expression operator: "instanceof" right: [(name) @reference (qualified_name (name) @reference)])

; Supertypes: what a class extends or implements, what an interface extends (by the last part of a qualified name).
(class_declaration name: (name) @supertype.of [(base_clause ${SUPERTYPE}) (class_interface_clause ${SUPERTYPE})])
(interface_declaration name: (name) @supertype.of (base_clause ${SUPERTYPE}))
(enum_declaration name: (name) @supertype.of (class_interface_clause ${SUPERTYPE}))
`;
