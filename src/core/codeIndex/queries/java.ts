/** A supertype's own name: plain, generic (`List<T>`) or qualified (`Outer.Inner`, its last part). */
const SUPERTYPE = '[(type_identifier) @supertype (generic_type (type_identifier) @supertype) (scoped_type_identifier (type_identifier) @supertype .)]';

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

; Supertypes: what a class, record or enum extends or implements, what an interface extends (\`Outer.Inner\` by its last part).
(class_declaration name: (identifier) @supertype.of superclass: (superclass ${SUPERTYPE}))
${['class_declaration', 'record_declaration', 'enum_declaration'].map((node) => `(${node} name: (identifier) @supertype.of interfaces: (super_interfaces (type_list ${SUPERTYPE})))`).join('\n')}
(interface_declaration name: (identifier) @supertype.of (extends_interfaces (type_list ${SUPERTYPE})))
`;
