"""seismo.clean"""
