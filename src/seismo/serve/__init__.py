"""seismo.serve"""
