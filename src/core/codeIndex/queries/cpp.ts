// C and C++ (both parsed with the C++ grammar). A declarator can wrap the name in pointers and
// references, so function names are matched at any depth under a definition's declarator.
/** A macro's name, by convention. */
const MACRO_NAME = '^[A-Z][A-Z0-9_]*$';
/** A base class by its own name: plain, a template's, or the last part of a qualified one (`a::b::Base<T>`, three levels deep). */
const OWN_NAME = '[(type_identifier) @supertype (template_type name: (type_identifier) @supertype)]';
const BASE_CLASS = `[${OWN_NAME.slice(1, -1)} (qualified_identifier name: ${OWN_NAME}) (qualified_identifier name: (qualified_identifier name: ${OWN_NAME})) (qualified_identifier name: (qualified_identifier name: (qualified_identifier name: ${OWN_NAME})))]`;
const FUNCTION_NAME = '[(identifier) (field_identifier) (operator_name) (destructor_name) (qualified_identifier)]';

export const CPP_QUERY = `
(function_definition type: (_) declarator: (function_declarator declarator: ${FUNCTION_NAME} @name)) @definition.function
; No return type: a constructor, or out of a class a macro given a body (\`TEST_F(Suite, Name) {\`) — not a function.
(function_definition !type declarator: (function_declarator declarator: ${FUNCTION_NAME} @name) (#not-match? @name "${MACRO_NAME}")) @definition.function
(field_declaration_list (function_definition !type declarator: (function_declarator declarator: ${FUNCTION_NAME} @name) (#match? @name "${MACRO_NAME}")) @definition.function)
(function_definition declarator: (_ (function_declarator declarator: ${FUNCTION_NAME} @name))) @definition.function
(function_definition declarator: (_ (_ (function_declarator declarator: ${FUNCTION_NAME} @name)))) @definition.function
(declaration declarator: (function_declarator declarator: [(identifier) (qualified_identifier)] @name)) @declaration.function
(declaration declarator: (_ (function_declarator declarator: [(identifier) (qualified_identifier)] @name))) @declaration.function
; \`void A::f() const LOCKS_EXCLUDED(mu) {…}\`: the macro after the parameters ends the declaration, and the
; body follows as an error or as a function without a type: @body makes the declaration above a definition.
((declaration declarator: (function_declarator declarator: (qualified_identifier) @name)) @definition.function . [(ERROR) (function_definition !type)] @body)
((declaration declarator: (_ (function_declarator declarator: (qualified_identifier) @name))) @definition.function . [(ERROR) (function_definition !type)] @body)
(field_declaration declarator: (function_declarator declarator: (field_identifier) @name)) @declaration.method
(field_declaration declarator: (_ (function_declarator declarator: (field_identifier) @name))) @declaration.method
(struct_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.struct
(union_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.struct
(class_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.class
; A specialisation (\`struct hash<Foo> {…}\`) is found by its template's name, after the template and any function of that name.
(struct_specifier name: (template_type name: (type_identifier) @name) body: (field_declaration_list)) @declaration.struct
(class_specifier name: (template_type name: (type_identifier) @name) body: (field_declaration_list)) @declaration.class
(enum_specifier name: (type_identifier) @name body: (enumerator_list)) @definition.enum
; \`typedef T name\`, \`*name\`, \`name[2]\`, \`**name\`, and a function pointer's \`(*name)(…)\`.
(type_definition declarator: [(type_identifier) @name (_ declarator: (type_identifier) @name) (_ declarator: (_ declarator: (type_identifier) @name))]) @definition.type
(type_definition declarator: (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name)))) @definition.type
(type_definition declarator: (_ (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name))))) @definition.type
; \`class EXPORT_MACRO Name {…}\` reads as a function \`Name\` returning \`class EXPORT_MACRO\`.
(function_definition type: (class_specifier !body) declarator: (identifier) @name body: (compound_statement)) @definition.class
(function_definition type: (struct_specifier !body) declarator: (identifier) @name body: (compound_statement)) @definition.struct
; \`class EXPORT_MACRO Name final {…}\` reads as \`Name::final\`.
(function_definition type: (class_specifier !body) declarator: (qualified_identifier scope: (namespace_identifier) @name name: (identifier) @_final (#eq? @_final "final")) body: (compound_statement)) @definition.class
(function_definition type: (struct_specifier !body) declarator: (qualified_identifier scope: (namespace_identifier) @name name: (identifier) @_final (#eq? @_final "final")) body: (compound_statement)) @definition.struct
(alias_declaration name: (type_identifier) @name) @definition.type
(namespace_definition name: [(namespace_identifier) (nested_namespace_specifier)] @name) @definition.module
(preproc_function_def name: (identifier) @name) @definition.macro
(preproc_def name: (identifier) @name) @definition.macro

(call_expression function: (identifier) @reference)
(call_expression function: (field_expression field: (field_identifier) @reference))
(call_expression function: (qualified_identifier name: (identifier) @reference))
(type_identifier) @reference

; A function used as a value: a callback argument (\`qsort(…, cmp)\`, \`signal(SIGINT, &on_int)\`), an ops table entry.
(argument_list [(identifier) @reference (pointer_expression argument: (identifier) @reference)])
(initializer_pair value: [(identifier) @reference (pointer_expression argument: (identifier) @reference)])

; Supertypes: a class's or struct's bases (\`ns::Base<T>\` by its own name).
(class_specifier name: (type_identifier) @supertype.of (base_class_clause ${BASE_CLASS}))
(struct_specifier name: (type_identifier) @supertype.of (base_class_clause ${BASE_CLASS}))
`;
