-- The engine keeps its own schema in a database of its own.
CREATE DATABASE engine;
