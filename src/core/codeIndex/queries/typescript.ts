// TypeScript and TSX (the tsx grammar has the same node types plus JSX).
import { JS_SHARED } from './javascript';

export const TYPESCRIPT_QUERY = `${JS_SHARED}
(function_signature name: (identifier) @name) @declaration.function
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(class_declaration name: (type_identifier) @name) @definition.class
(interface_declaration name: (type_identifier) @name) @definition.interface
(type_alias_declaration name: (type_identifier) @name) @definition.type
(enum_declaration name: (identifier) @name) @definition.enum
(internal_module name: [(identifier) (nested_identifier)] @name) @definition.module
(method_signature name: [(property_identifier) (private_property_identifier)] @name) @declaration.method
(abstract_method_signature name: [(property_identifier) (private_property_identifier)] @name) @declaration.method

(type_identifier) @reference
(extends_clause value: (identifier) @reference)
`;
