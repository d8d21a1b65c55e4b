export const JAVA_QUERY = `
(class_declaration name: (identifier) @name) @definition.class
(record_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(annotation_type_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(method_declaration name: (identifier) @name body: (block)) @definition.method
(method_declaration name: (identifier) @name !body) @declaration.method
(constructor_declaration name: (identifier) @name) @definition.method

(method_invocation name: (identifier) @reference)
(type_identifier) @reference
; A method used as a value: \`this::handle\`, \`Foo::bar\` (the last identifier; \`Foo::new\` names the class).
(method_reference (identifier) @reference .)
`;
