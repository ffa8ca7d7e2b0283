"""seismo.bench"""
