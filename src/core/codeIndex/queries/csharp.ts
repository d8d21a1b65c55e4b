/** A type by its simple name, captured as `capture` (`IDictionary`, `IValueTaskSource` of `System.Threading.IValueTaskSource<T>`). */
const simpleTypeName = (capture: string) => `[(identifier) @${capture} (generic_name (identifier) @${capture}) (qualified_name name: [(identifier) @${capture} (generic_name (identifier) @${capture})])]`;
/** A type used, plain or generic (`List<Item>`'s `List`). */
const TYPE_REFERENCE = '[(identifier) @reference (generic_name (identifier) @reference)]';
/** The interface of an explicit implementation. */
const INTERFACE = simpleTypeName('scope');

export const CSHARP_QUERY = `
(class_declaration name: (identifier) @name) @definition.class
; \`record struct\` before \`record\`: its node matches both, and the first match of a node is the one kept.
(record_declaration "struct" name: (identifier) @name) @definition.struct
(record_declaration name: (identifier) @name) @definition.class
(struct_declaration name: (identifier) @name) @definition.struct
(interface_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(delegate_declaration name: (identifier) @name) @definition.type
; An explicit interface implementation (\`void IDictionary.Add(…)\`) is reached through that interface only: its
; scope is the interface, so that "IDictionary.Add" finds it. Before the general patterns: a node's first match is kept.
(method_declaration (explicit_interface_specifier ${INTERFACE}) name: (identifier) @name body: (_)) @definition.method
(property_declaration (explicit_interface_specifier ${INTERFACE}) name: (identifier) @name) @definition.property
(method_declaration name: (identifier) @name body: (_)) @definition.method
(method_declaration name: (identifier) @name !body) @declaration.method
(constructor_declaration name: (identifier) @name) @definition.method
(destructor_declaration name: (identifier) @name) @definition.method
(local_function_statement name: (identifier) @name) @definition.function
; An interface's property is a signature, as its methods without a body are.
(interface_declaration body: (declaration_list (property_declaration name: (identifier) @name) @declaration.property))
(property_declaration name: (identifier) @name) @definition.property
(event_declaration name: (identifier) @name) @definition.property
(event_field_declaration (variable_declaration (variable_declarator name: (identifier) @name))) @definition.property
(namespace_declaration name: [(identifier) (qualified_name)] @name) @definition.module
(file_scoped_namespace_declaration name: [(identifier) (qualified_name)] @name) @definition.module

(invocation_expression function: ${TYPE_REFERENCE})
(invocation_expression function: (member_access_expression name: ${TYPE_REFERENCE}))
; Types, generic ones too (new WeakDictionary<K, V>(), List<Item> items) and their type arguments.
(object_creation_expression type: ${TYPE_REFERENCE})
(base_list ${TYPE_REFERENCE})
(variable_declaration type: ${TYPE_REFERENCE})
(parameter type: ${TYPE_REFERENCE})
(type_argument_list (identifier) @reference)
; A method's return type, a property's type, a cast, a type test (\`x is Foo f\`, \`x as Foo\`), \`typeof(Foo)\`.
(method_declaration returns: ${TYPE_REFERENCE})
(property_declaration type: ${TYPE_REFERENCE})
(cast_expression type: ${TYPE_REFERENCE})
(declaration_pattern type: ${TYPE_REFERENCE})
(as_expression right: ${TYPE_REFERENCE})
(typeof_expression type: ${TYPE_REFERENCE})
; A method used as a value: a method group passed as an argument, a handler subscribed to an event.
(argument (identifier) @reference)
(assignment_expression operator: "+=" right: (identifier) @reference)

; Supertypes: the base class and interfaces a class, struct, record or interface lists.
${['class_declaration', 'struct_declaration', 'record_declaration', 'interface_declaration'].map((node) => `(${node} name: (identifier) @supertype.of (base_list ${simpleTypeName('supertype')}))`).join('\n')}
`;
