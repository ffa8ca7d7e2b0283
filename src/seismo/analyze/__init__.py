"""seismo.analyze"""
