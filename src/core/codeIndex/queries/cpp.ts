// C and C++ (both parsed with the C++ grammar). A declarator can wrap the name in pointers and
// references, so function names are matched at any depth under a definition's declarator.
const FUNCTION_NAME = '[(identifier) (field_identifier) (operator_name) (destructor_name) (qualified_identifier)]';

export const CPP_QUERY = `
(function_definition declarator: (function_declarator declarator: ${FUNCTION_NAME} @name)) @definition.function
(function_definition declarator: (_ (function_declarator declarator: ${FUNCTION_NAME} @name))) @definition.function
(function_definition declarator: (_ (_ (function_declarator declarator: ${FUNCTION_NAME} @name)))) @definition.function
(declaration declarator: (function_declarator declarator: [(identifier) (qualified_identifier)] @name)) @declaration.function
(declaration declarator: (_ (function_declarator declarator: [(identifier) (qualified_identifier)] @name))) @declaration.function
(field_declaration declarator: (function_declarator declarator: (field_identifier) @name)) @declaration.method
(field_declaration declarator: (_ (function_declarator declarator: (field_identifier) @name))) @declaration.method
(struct_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.struct
(union_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.struct
(class_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.class
(enum_specifier name: (type_identifier) @name body: (enumerator_list)) @definition.enum
(type_definition declarator: (type_identifier) @name) @definition.type
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
`;
